import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

export const MIN_PASSWORD_LENGTH = 10;

/** zxcvbn's scale: 3 means "safely unguessable: moderate protection from offline slow-hash scenario" (~10^8 guesses). */
export const MIN_PASSWORD_SCORE = 3;

/** Common Swedish passwords and words zxcvbn's English and common lists do not know. */
const SWEDISH_WORDS = [
  'lösenord',
  'losenord',
  'lösen',
  'losen',
  'hemlig',
  'hemligt',
  'välkommen',
  'valkommen',
  'sommar',
  'vinter',
  'hösten',
  'hosten',
  'våren',
  'varen',
  'sverige',
  'svenska',
  'stockholm',
  'göteborg',
  'goteborg',
  'malmö',
  'malmo',
  'kultur',
  'förbund',
  'forbund',
  'förening',
  'forening',
  'hejhej',
  'hejsan',
  'älskling',
  'alskling',
  'kärlek',
  'karlek',
  'fotboll',
  'katten',
  'hunden',
  'blomma',
  'solsken',
  'jultomten',
  'midsommar',
  'abc123',
];

/** zxcvbn's feedback, in Swedish (the keys are zxcvbn-ts's own). */
const SWEDISH_TRANSLATIONS = {
  warnings: {
    straightRow: 'rader av tangenter på tangentbordet är lätta att gissa',
    keyPattern: 'korta tangentbordsmönster är lätta att gissa',
    simpleRepeat: 'upprepade tecken som "aaa" är lätta att gissa',
    extendedRepeat: 'upprepade teckenmönster som "abcabcabc" är lätta att gissa',
    sequences: 'vanliga teckenföljder som "abc" eller "1234" är lätta att gissa',
    recentYears: 'årtal är lätta att gissa',
    dates: 'datum är lätta att gissa',
    topTen: 'det är ett av de allra vanligaste lösenorden',
    topHundred: 'det är ett mycket vanligt lösenord',
    common: 'det är ett vanligt lösenord',
    similarToCommon: 'det liknar ett vanligt lösenord',
    wordByItself: 'enstaka ord är lätta att gissa',
    namesByThemselves: 'enstaka namn eller efternamn är lätta att gissa',
    commonNames: 'vanliga namn och efternamn är lätta att gissa',
    userInputs: 'det innehåller användarens namn eller e-postadress',
    pwned: 'lösenordet har läckt i ett dataintrång',
  },
  suggestions: {
    l33t: "Undvik förutsägbara utbyten som '@' för 'a'.",
    reverseWords: 'Undvik baklänges stavade vanliga ord.',
    allUppercase: 'Skriv några, men inte alla, bokstäver versalt.',
    capitalization: 'Skriv fler än den första bokstaven versalt.',
    dates: 'Undvik datum och årtal som hör ihop med dig.',
    recentYears: 'Undvik årtal.',
    associatedYears: 'Undvik årtal som hör ihop med dig.',
    sequences: 'Undvik vanliga teckenföljder.',
    repeated: 'Undvik upprepade ord och tecken.',
    longerKeyboardPattern: 'Använd längre tangentbordsmönster och byt riktning flera gånger.',
    anotherWord: 'Lägg till fler ord som är mindre vanliga.',
    useWords: 'Använd flera ord, men undvik vanliga fraser.',
    noNeed: 'Ett starkt lösenord behöver inga symboler, siffror eller versaler: flera ovanliga ord räcker.',
    pwned: 'Använder du lösenordet någon annanstans bör du byta det där.',
  },
  timeEstimation: {
    ltSecond: 'under en sekund',
    second: '{base} sekund',
    seconds: '{base} sekunder',
    minute: '{base} minut',
    minutes: '{base} minuter',
    hour: '{base} timme',
    hours: '{base} timmar',
    day: '{base} dag',
    days: '{base} dagar',
    month: '{base} månad',
    months: '{base} månader',
    year: '{base} år',
    years: '{base} år',
    centuries: 'århundraden',
  },
};

let factory: ZxcvbnFactory | undefined;

/** Building the dictionaries takes ~0.3 s, so once per process and only when a password is first checked. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary, swedish: SWEDISH_WORDS },
    graphs: common.adjacencyGraphs,
    translations: SWEDISH_TRANSLATIONS,
  });
  return factory;
}

/** What a person's own details contribute to guessing: the address, its parts, the name and its parts. */
function personalWords(personal: { email?: string | null; name?: string | null }): string[] {
  const words = new Set<string>();
  const email = personal.email?.trim().toLowerCase();
  if (email) {
    words.add(email);
    const [local, domain] = email.split('@');
    if (local) {
      words.add(local);
      for (const part of local.split(/[._+-]+/)) if (part.length >= 3) words.add(part);
    }
    if (domain) for (const part of domain.split('.')) if (part.length >= 3) words.add(part);
  }
  const name = personal.name?.trim().toLowerCase();
  if (name) {
    words.add(name);
    words.add(name.replace(/\s+/g, ''));
    for (const part of name.split(/\s+/)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

/**
 * Why a password is too weak, in Swedish, or null if it is good enough: at least MIN_PASSWORD_LENGTH characters
 * and zxcvbn score MIN_PASSWORD_SCORE, counting the person's own email and name as known to an attacker.
 */
export function passwordWeakness(
  password: string,
  personal: { email?: string | null; name?: string | null } = {},
): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken`;
  }
  if (password.trim() === '') return 'Lösenordet får inte bara bestå av mellanslag';
  // zxcvbn's cost grows with length; past 100 characters the prefix decides and the rest only adds strength.
  const result = zxcvbn().check(password.slice(0, 100), personalWords(personal));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const warning = result.feedback.warning;
  const suggestion = result.feedback.suggestions[0];
  return (
    `Lösenordet är för lätt att gissa${warning ? `: ${warning}` : ''}. ` +
    (suggestion ?? 'Använd en längre fras av flera ovanliga ord.')
  );
}
