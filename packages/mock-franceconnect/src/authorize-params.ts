import { z } from 'zod';
import { repeatedField } from './http-io.js';
import { describeIssuesInFrench } from './zod-issues.js';

/**
 * The `/authorize` parameters FranceConnect accepts (its `AuthorizeParamsDto`, validated with
 * `forbidNonWhitelisted`). Anything else, PKCE included, is refused with error Y030007.
 */
export const AUTHORIZE_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'acr_values',
  'state',
  'nonce',
  'prompt',
  'claims',
  'ui_locales',
  'idp_hint',
] as const;

const MISSING = 'paramètre obligatoire manquant';

function required(rule?: { check: (value: string) => boolean; message: string }) {
  const base = z.string({ error: MISSING }).min(1, MISSING);
  return rule ? base.refine(rule.check, rule.message) : base;
}

const spaceSeparated = (value: string) => value.split(/ +/).filter(Boolean);

const authorizeParamsSchema = (acrRequired: boolean) =>
  z.strictObject(
    {
      response_type: required({
        check: (value) => value === 'code',
        message: 'seule la valeur "code" est acceptée',
      }),
      client_id: required(),
      redirect_uri: required({ check: (value) => URL.canParse(value), message: 'doit être une URL' }),
      scope: required({
        check: (value) => spaceSeparated(value).includes('openid'),
        message: 'doit contenir le scope openid',
      }),
      acr_values: acrRequired ? required() : z.string().optional(),
      state: required(),
      // qualification: the nonce binds the code to the browser (no PKCE at FranceConnect).
      nonce: required({ check: (value) => value.length >= 22, message: 'doit faire au moins 22 caractères' }),
      prompt: z
        .string()
        .refine(
          (value) =>
            spaceSeparated(value).length > 0 &&
            spaceSeparated(value).every((p) => p === 'login' || p === 'consent'),
          'seules les valeurs "login" et "consent" sont acceptées',
        )
        .optional(),
      claims: z.string().optional(),
      ui_locales: z.string().optional(),
      idp_hint: z.string().optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `paramètre(s) refusé(s) par FranceConnect : ${issue.keys.join(', ')}`
          : undefined,
    },
  );

/** What is wrong with an `/authorize` request, one line per problem (empty when acceptable). */
export function authorizeParamsProblems(
  params: URLSearchParams,
  { acrRequired = true }: { acrRequired?: boolean } = {},
): string[] {
  const repeated = repeatedField(params);
  if (repeated !== undefined) return [`${repeated} : paramètre répété`];
  const result = authorizeParamsSchema(acrRequired).safeParse(Object.fromEntries(params));
  return result.success ? [] : describeIssuesInFrench(result.error);
}
