/** The limits of the API's own fields (accounts, version names), which its forms and its schemas share. */
export const API_LIMITS = {
  email: 320,
  name: 100,
  password: 200,
  /** The shortest password accepted. */
  passwordMin: 10,
  versionName: 200,
} as const;
