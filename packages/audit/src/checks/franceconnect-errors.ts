// FranceConnect's error codes that a service provider meets when its button leads to FranceConnect,
// with what to fix, in French (codes from FranceConnect's sources, `back/_doc/erreurs.md` and
// `erreurs-oidc-provider.md`; the local FranceConnect of this kit answers the same codes).

export interface KnownError {
  /** What FranceConnect refused. */
  readonly meaning: string;
  /** What to change, in the partner space or the configuration. */
  readonly fix: string;
}

const PARAMETERS: KnownError = {
  meaning:
    'un ou plusieurs paramètres de /authorize manquent, sont mal formés ou ne sont pas acceptés par FranceConnect',
  fix: 'Corrigez la demande d’autorisation : response_type=code, client_id, redirect_uri, scope (avec openid), acr_values=eidas1, state et nonce d’au moins 22 caractères, et aucun autre paramètre que prompt, claims, ui_locales ou idp_hint (pas de PKCE : ni code_challenge ni code_challenge_method).',
};

export const FRANCECONNECT_ERRORS: Readonly<Record<string, KnownError>> = {
  Y030007: PARAMETERS,
  Y000400: {
    meaning: 'la demande est mal formée ou désigne un client inconnu',
    fix: 'Vérifiez le client_id (celui de l’espace partenaire, pour le bon environnement) et la forme de la demande.',
  },
  Y04C013C: {
    meaning:
      'la redirect_uri n’est pas déclarée pour ce client_id (le client_id, lui, est connu de cet environnement)',
    fix: 'Déclarez cette URL de retour, exactement (schéma, hôte, port, chemin), dans l’espace partenaire FranceConnect, ou envoyez celle qui y est déclarée.',
  },
  Y04EA6EF: {
    meaning: 'le client_id est inconnu de cet environnement de FranceConnect',
    fix: 'Utilisez le client_id délivré pour cet environnement (bac à sable ou production) dans l’espace partenaire, et l’adresse de FranceConnect qui lui correspond.',
  },
  Y044D706: {
    meaning: 'un scope demandé n’est pas couvert par l’habilitation du service',
    fix: 'Retirez ce scope de la demande, ou faites-le ajouter à l’habilitation (DataPass) du service.',
  },
  Y046D98F: {
    meaning: 'un scope demandé n’est pas couvert par l’habilitation du service',
    fix: 'Retirez ce scope de la demande, ou faites-le ajouter à l’habilitation (DataPass) du service.',
  },
  Y0411646: {
    meaning: 'response_type n’est pas accepté',
    fix: 'Envoyez response_type=code : FranceConnect n’accepte que le flux « authorization code ».',
  },
  Y048017B: PARAMETERS,
  Y0489093: {
    meaning: 'la valeur de prompt n’est pas acceptée',
    fix: 'N’envoyez prompt qu’avec login et/ou consent, ou ne l’envoyez pas.',
  },
  Y042D514: {
    meaning: 'des paramètres PKCE sont envoyés',
    fix: 'Retirez code_challenge et code_challenge_method : FranceConnect n’utilise pas PKCE, le nonce lie la réponse au navigateur.',
  },
  Y0468756: {
    meaning: 'des paramètres PKCE sont envoyés',
    fix: 'Retirez code_challenge et code_challenge_method : FranceConnect n’utilise pas PKCE, le nonce lie la réponse au navigateur.',
  },
  Y100002: {
    meaning: 'le niveau eIDAS demandé n’est pas pris en charge',
    fix: 'Envoyez acr_values=eidas1 (FranceConnect) ; eidas2 et eidas3 sont ceux de FranceConnect+.',
  },
  Y030016: {
    meaning: 'idp_hint désigne un fournisseur d’identité non autorisé',
    fix: 'Retirez idp_hint, ou donnez l’identifiant d’un fournisseur d’identité autorisé pour le service.',
  },
  Y030032: {
    meaning: 'idp_hint désigne un fournisseur d’identité non autorisé',
    fix: 'Retirez idp_hint, ou donnez l’identifiant d’un fournisseur d’identité autorisé pour le service.',
  },
  Y190001: {
    meaning: 'la session FranceConnect a expiré ou le navigateur a perdu son cookie',
    fix: 'Recommencez la connexion depuis le service ; si l’erreur revient, vérifiez que le site ne passe pas par une iframe ou un domaine qui bloque les cookies.',
  },
};

/** OAuth errors FranceConnect sends back to the redirect_uri. */
export const REDIRECTED_ERRORS: Readonly<Record<string, KnownError>> = {
  invalid_scope: FRANCECONNECT_ERRORS.Y044D706!,
  invalid_request: PARAMETERS,
  invalid_acr: FRANCECONNECT_ERRORS.Y100002!,
  unauthorized_client: {
    meaning: 'le client n’est pas autorisé pour ce type de demande',
    fix: 'Vérifiez la configuration du client dans l’espace partenaire (response_type=code).',
  },
  unsupported_response_type: FRANCECONNECT_ERRORS.Y0411646!,
  server_error: {
    meaning: 'une erreur inattendue de FranceConnect',
    fix: 'Réessayez ; si l’erreur persiste, contactez le support partenaires de FranceConnect.',
  },
  temporarily_unavailable: {
    meaning: 'FranceConnect est momentanément indisponible',
    fix: 'Réessayez plus tard.',
  },
};

/** A FranceConnect error code in a page's text (`Y030007`, `Y04C013C`…), or null. */
export function errorCodeIn(text: string): string | null {
  return /\b(Y[0-9A-F]{6,7})\b/.exec(text)?.[1] ?? null;
}
