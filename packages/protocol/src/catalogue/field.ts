/**
 * How the catalogue describes the `data` an API answers: plain objects, no validation library, so that
 * the elements can read the labels without carrying a schema engine. `schema.ts` turns them into zod
 * schemas for the BFF and the local data provider.
 */

interface FieldBase {
  /** The French label of the field, for profile pages, summaries and forms. */
  readonly label: string;
  /** The API may answer `null` for it. */
  readonly nullable?: boolean;
  /**
   * The FranceConnect scope that opens this field (API Particulier leaves out what the token's scopes do
   * not open). Unset: the field comes with its parent, or with any of the API's scopes at the top.
   */
  readonly scope?: string;
}

export interface TextField extends FieldBase {
  readonly kind: 'text';
  /** A regular expression the text always matches (e.g. a UAI code). */
  readonly pattern?: string;
}
export interface IntegerField extends FieldBase {
  readonly kind: 'integer';
}
export interface NumberField extends FieldBase {
  readonly kind: 'number';
}
export interface BooleanField extends FieldBase {
  readonly kind: 'boolean';
}
/** A calendar date, `YYYY-MM-DD`. */
export interface DateField extends FieldBase {
  readonly kind: 'date';
}
/** One of a closed list of values, each with its French label. */
export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly values: Readonly<Record<string, string>>;
}
export interface ObjectField extends FieldBase {
  readonly kind: 'object';
  readonly fields: Fields;
}
export interface ListField extends FieldBase {
  readonly kind: 'list';
  readonly item: ObjectField;
}

export type Field =
  TextField | IntegerField | NumberField | BooleanField | DateField | ChoiceField | ObjectField | ListField;

export type Fields = Readonly<Record<string, Field>>;

type Options = Pick<FieldBase, 'nullable' | 'scope'>;

export const text = <const O extends Options & { pattern?: string }>(label: string, options?: O) =>
  ({ kind: 'text', label, ...options }) as { kind: 'text'; label: string } & O;
export const integer = <const O extends Options>(label: string, options?: O) =>
  ({ kind: 'integer', label, ...options }) as { kind: 'integer'; label: string } & O;
export const number = <const O extends Options>(label: string, options?: O) =>
  ({ kind: 'number', label, ...options }) as { kind: 'number'; label: string } & O;
export const boolean = <const O extends Options>(label: string, options?: O) =>
  ({ kind: 'boolean', label, ...options }) as { kind: 'boolean'; label: string } & O;
export const date = <const O extends Options>(label: string, options?: O) =>
  ({ kind: 'date', label, ...options }) as { kind: 'date'; label: string } & O;
export const choice = <const V extends Record<string, string>, const O extends Options>(
  label: string,
  values: V,
  options?: O,
) => ({ kind: 'choice', label, values, ...options }) as { kind: 'choice'; label: string; values: V } & O;
export const object = <const F extends Fields, const O extends Options>(
  label: string,
  fields: F,
  options?: O,
) => ({ kind: 'object', label, fields, ...options }) as { kind: 'object'; label: string; fields: F } & O;
export const list = <const I extends ObjectField, const O extends Options>(
  label: string,
  item: I,
  options?: O,
) => ({ kind: 'list', label, item, ...options }) as { kind: 'list'; label: string; item: I } & O;

/** The TypeScript type of a field's value. */
export type ValueOf<F extends Field> =
  | (F extends TextField | DateField
      ? string
      : F extends IntegerField | NumberField
        ? number
        : F extends BooleanField
          ? boolean
          : F extends ChoiceField
            ? Extract<keyof F['values'], string>
            : F extends ObjectField
              ? DataOf<F['fields']>
              : F extends ListField
                ? Array<DataOf<F['item']['fields']>>
                : never)
  | (F extends { nullable: true } ? null : never);

/** The type of an API's `data`: every field may be absent, since the token's scopes decide. */
export type DataOf<F extends Fields> = { -readonly [K in keyof F]?: ValueOf<F[K]> };
