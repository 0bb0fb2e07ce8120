/** FranceConnect+ encrypts to the client's key with one of these, always with A256GCM. */
export const ENCRYPTION_ALGORITHMS = ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES'] as const;
export const CONTENT_ENCRYPTION = 'A256GCM';
