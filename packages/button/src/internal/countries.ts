// Birth countries by INSEE COG code (99XXX, as FranceConnect's `birthcountry`), named by the browser in
// the page's language (Intl.DisplayNames): the table only maps each code to its ISO 3166 code. It holds
// the countries where most people born abroad and living in France were born; any other code is shown
// as it is, unless the page gives its name.

// Last three digits of the INSEE code, then the ISO code: 100FR = 99100 France.
const TABLE =
  '100FR101DK103NO104SE105FI109DE110AT111BG112HU114RO116CZ119HR121RS122PL123RU125AL126GR127IT131BE' +
  '132GB134ES135NL136IE137LU138MC139PT140CH155UA201SA203IQ204IR205LB206SY207IL208TR212AF213PK216CN' +
  '217JP219TH220PH223IN234KH235LK239KR241LA243VN246BD252AM255GE301EG303ZA312CD315ET316LY321BI322CM' +
  '323CF324CG326CI327BJ328GA330GN331BF333MG335ML336MR337NE338NG340RW341SN343SD344TD345TG350MA351TN' +
  '352DZ390MU396CV397KM399DJ401CA404US405MX410HT415AR416BR';

/** The name of a birth country in `lang`, or `undefined` for a code the table does not hold. */
export function countryName(code: string, lang: string): string | undefined {
  if (!/^99\d{3}$/.test(code)) return undefined;
  for (let i = 0; i < TABLE.length; i += 5) {
    if (TABLE.slice(i, i + 3) === code.slice(2)) {
      return new Intl.DisplayNames([lang], { type: 'region' }).of(TABLE.slice(i + 3, i + 5));
    }
  }
  return undefined;
}
