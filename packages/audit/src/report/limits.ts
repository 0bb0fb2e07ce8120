// What the audit cannot judge: said in the report and in the README, so that nobody reads a green
// report as a qualification.
export const LIMITS: readonly string[] = [
  'Ce rapport est un autocontrôle : il prépare la demande de qualification, il ne la remplace pas. L’équipe FranceConnect qualifie le service à la main.',
  'Le sens et la place des sections : que le bouton soit dans la section « Connexion » ou « Inscription » du parcours réel, que le profil soit facile à trouver, ne se juge qu’en parcourant le site.',
  'Le texte dessiné dans une image de bouton ne se lit pas : seul son texte alternatif est vérifié.',
  'Le thème sombre est obtenu par la préférence du système (prefers-color-scheme) et par l’attribut data-fr-theme du DSFR ; un autre sélecteur de thème propre au site n’est pas actionné.',
  'Les points 10 à 12 (inscription, réconciliation, suppression du compte), 18 (TLS entre le serveur et FranceConnect) et 22 (second facteur) ne sont pas observables depuis le navigateur.',
  'Le client_id n’est comparé à celui de l’espace partenaire que s’il est donné (--client-id).',
  'Une page dont l’accès demande d’être déjà connecté, ou un parcours propre au site (captcha, consentement aux cookies), peut empêcher la mesure : le point est alors « non vérifiable ».',
];
