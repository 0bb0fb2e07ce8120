// The qualification checklist in its own words (FranceConnect's qualification deck, « Pré requis
// esthétiques et fonctionnels »), quoted in the report beside each verdict.

export interface ChecklistPoint {
  readonly title: string;
  readonly text: string;
}

export const CHECKLIST: Readonly<Record<string, ChecklistPoint>> = {
  '1': {
    title: 'Bouton FranceConnect - Section Connexion',
    text: 'Le bouton FranceConnect doit être présent dans la section “Connexion” du site, ainsi que le texte explicatif au-dessus : « FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne ». Le bouton doit être conforme aux critères suivants : la couleur, la taille (209x56 pixels) ; le bouton peut être plus grand, mais l’homothétie doit être respectée ; le changement d’état au survol du bouton et le contraste (thème clair, thème sombre).',
  },
  '2': {
    title: 'Lien « Qu’est-ce que FranceConnect ? » - Section Connexion',
    text: 'Le lien est présent dans la section Connexion du site et positionné sous le bouton FranceConnect. Il pointe vers https://franceconnect.gouv.fr. La phrase doit avoir la couleur et le comportement d’un lien. 8 pixels d’écart. Ce qu’il ne faut pas faire : déformer le bouton, modifier la couleur et/ou le label.',
  },
  '3': {
    title: 'Bouton FranceConnect - Section Inscription',
    text: 'Le bouton FranceConnect doit être présent dans la section Inscription du site, ainsi que le texte explicatif au-dessus : « FranceConnect est la solution proposée par l’État pour sécuriser et simplifier la connexion à vos services en ligne ».',
  },
  '4': {
    title: 'Lien « Qu’est-ce que FranceConnect ? » - Section Inscription',
    text: 'Le lien est présent dans la section Inscription du site et positionné sous le bouton FranceConnect. Il pointe vers https://franceconnect.gouv.fr.',
  },
  '5': {
    title: 'FranceConnect est le premier mode de connexion',
    text: 'Le bouton FranceConnect est situé en premier mode de connexion, au-dessus des autres moyens d’identification.',
  },
  '6': {
    title: 'FranceConnect est séparé des autres modes de connexion',
    text: 'Une séparation doit être faite entre le bouton FranceConnect et les autres modes de connexion (au moyen d’une ligne par exemple). La mention « OU » doit y figurer.',
  },
  '7': {
    title:
      'Pas d’utilisation de services d’identification proposés par les réseaux sociaux ou autres acteurs privés',
    text: 'Le bouton FranceConnect n’est pas positionné près de liens, d’icônes ou de services d’identification proposés par des réseaux sociaux et autres services privés.',
  },
  '8': {
    title: 'Cinématique - Connexion',
    text: 'L’utilisateur peut se connecter via FranceConnect sur le service.',
  },
  '9': {
    title: 'Cinématique - Déconnexion',
    text: 'En se déconnectant du FS, l’utilisateur se déconnecte bien de sa session FranceConnect.',
  },
  '13': {
    title: 'Interdiction des pop-ups et iframes',
    text: 'Les fenêtres pop-ups et iframes sont interdites.',
  },
  '14': {
    title: 'Identification de l’utilisateur',
    text: 'L’utilisateur doit pouvoir identifier clairement qu’il est connecté et son profil accessible.',
  },
  '15': {
    title: 'Non modification de l’identité pivot',
    text: 'Sur la page du profil (ou dans le formulaire d’inscription), les champs suivants ne sont pas modifiables (si récupérés via FranceConnect) : Nom de naissance, Prénoms, Date de naissance, Ville de naissance, Pays de naissance, Sexe.',
  },
  '16': {
    title: 'Modification des autres données',
    text: 'Sur la page du profil (ou dans le formulaire d’inscription), les champs suivants sont modifiables : Nom d’usage, Email.',
  },
  '17': {
    title: 'Scopes',
    text: 'Dans la demande de qualification chaque éditeur demandera a minima les données d’identité pivot.',
  },
  '19': {
    title: 'Niveau eIDAS',
    text: 'Le niveau eIDAS doit être obligatoirement précisé dans le paramètre acr_values lors de l’appel à /authorize. Sa valeur doit être eidas1.',
  },
  '20': {
    title: 'Paramètres state et nonce',
    text: 'Les paramètres state et nonce doivent faire au minimum 22 caractères (chiffres et lettres majuscules et minuscules), et doivent être aléatoires et uniques à chaque session FranceConnect. En modifiant le state puis le nonce dans le /authorize, l’utilisateur ne doit pas pouvoir continuer la cinématique de connexion via FranceConnect. Il est alors recommandé à cette étape de renvoyer l’utilisateur vers la page d’accueil, et d’ajouter une déconnexion de la session FranceConnect.',
  },
  '21': {
    title: 'Client ID',
    text: 'Le Client ID dans l’espace partenaire doit correspondre à celui utilisé dans /authorize.',
  },
  FC: {
    title: 'Règles de FranceConnect pour /authorize',
    text: 'FranceConnect refuse toute demande dont un paramètre manque, est mal formé ou n’est pas prévu (erreur Y030007) ; la redirect_uri doit être déclarée dans l’espace partenaire, en https (Y04C013C sinon) ; le client_id doit exister dans l’environnement appelé (Y04EA6EF sinon).',
  },
};
