// Names of the birthplaces and birth countries of the local FranceConnect's test identities, by INSEE
// code, for <franceconnect-profile-form>. A real service would take them from INSEE's geographic
// code (COG).
export const PLACE_NAMES: Record<string, string> = {
  '75112': 'Paris 12e Arrondissement',
  '75106': 'Paris 6e Arrondissement',
  '75107': 'Paris 7e Arrondissement',
  '75056': 'Paris',
  '69123': 'Lyon',
  '33063': 'Bordeaux',
  '59350': 'Lille',
  '13055': 'Marseille',
  '2A004': 'Ajaccio',
  '99100': 'France',
  '99352': 'Algérie',
  '99350': 'Maroc',
  '99139': 'Portugal',
};
