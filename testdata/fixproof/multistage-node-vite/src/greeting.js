export function greeting(who) {
  return `Welcome, ${who}!`;
}
