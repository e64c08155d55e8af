import { controlCharacterMessage, forbiddenControlCharacter } from './control-characters';

describe('control characters', () => {
  it('refuses NUL and other controls everywhere, line breaks only in single-line text', () => {
    expect(forbiddenControlCharacter('a\u0000b', 'text')).toBe('U+0000');
    expect(forbiddenControlCharacter('a\u001bb', 'text')).toBe('U+001B');
    expect(forbiddenControlCharacter('a\u0085b', 'text')).toBe('U+0085');
    expect(forbiddenControlCharacter('rad 1\r\nrad 2\tflik', 'text')).toBeNull();
    expect(forbiddenControlCharacter('Åsa Öberg', 'line')).toBeNull();
    expect(forbiddenControlCharacter('Anna\r\nBcc: x@example.se', 'line')).toBe('U+000D');
    expect(forbiddenControlCharacter('a\u2028b', 'line')).toBe('U+2028');
  });

  it('says what is wrong in Swedish', () => {
    expect(controlCharacterMessage('U+000A', 'line')).toBe('får inte innehålla radbrytningar (U+000A)');
    expect(controlCharacterMessage('U+0000', 'text')).toBe(
      'innehåller ett otillåtet kontrolltecken (U+0000)',
    );
  });
});
