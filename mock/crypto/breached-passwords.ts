/**
 * A small offline stand-in for the Have I Been Pwned range API that Kratos's default password policy asks
 * (`haveibeenpwned_enabled: true`, `max_breaches: 0`): passwords that top every published breach list, matched exactly
 * (HIBP compares SHA-1 hashes of the exact password). Data, not logic.
 */
const BREACHED = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'Password', 'Password1', 'Password123', 'passw0rd',
  'Passw0rd', 'p@ssw0rd', 'P@ssw0rd', 'p@ssword', 'pa$$word', 'passwort', 'motdepasse', 'contraseña', 'senha123',
  '123456', '1234567', '12345678', '123456789', '1234567890', '12345678910', '123123', '123123123', '123321', '654321',
  '987654321', '111111', '11111111', '000000', '00000000', '666666', '88888888', '121212', '112233', '159753', '147258369',
  '12341234', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'zaq12wsx', 'qwerty', 'qwerty1', 'qwerty12', 'qwerty123', 'qwertyuiop',
  'qwer1234', 'asdfghjkl', 'asdf1234', 'azerty', 'azertyuiop', 'abc123', 'abcd1234', 'abcdefg', 'abcdefgh', 'a1b2c3d4',
  'iloveyou', 'iloveyou1', 'welcome', 'welcome1', 'welcome123', 'letmein', 'letmein1', 'admin', 'admin123', 'administrator',
  'root', 'toor', 'changeme', 'default', 'secret', 'secret123', 'test', 'test123', 'test1234', 'testtest', 'guest',
  'sunshine', 'princess', 'football', 'baseball', 'basketball', 'soccer', 'hockey', 'monkey', 'dragon', 'master', 'shadow',
  'superman', 'batman', 'starwars', 'pokemon', 'trustno1', 'whatever', 'freedom', 'computer', 'internet', 'michael',
  'jennifer', 'jordan23', 'charlie', 'liverpool', 'chelsea', 'arsenal', 'hello123', 'loveme', 'lovely', 'flower',
  'summer', 'winter', 'biteme', 'killer', 'cheese', 'chocolate', 'mustang', 'harley', 'ranger', 'buster', 'thomas',
  'tigger', 'robert', 'daniel', 'hunter', 'hunter2', 'ginger', 'pepper', 'matrix', 'maverick', 'access', 'login',
  'zxcvbnm', 'zxcvbnm123', 'asdasd', 'qazwsx', 'q1w2e3r4', 'aaaaaa', 'aaaaaaaa', 'google', 'samsung', 'apple123',
]);

export function isBreached(password: string): boolean {
  return BREACHED.has(password);
}
