import { detectDelimiter } from './detect-delimiter';

describe('detectDelimiter', () => {
  it('finds semicolon, comma and tab from the header line', () => {
    expect(detectDelimiter('Förnamn;Efternamn;E-post\nA;B;c@d.se')).toBe(';');
    expect(detectDelimiter('Email Address,First Name,Last Name\r\na@b.se,A,B')).toBe(',');
    expect(detectDelimiter('E-post\tFörnamn\tEfternamn\n')).toBe('\t');
  });

  it('ignores separators inside quoted header cells', () => {
    expect(detectDelimiter('"Namn, förnamn";"E-post";"Org, kort"\n')).toBe(';');
    expect(detectDelimiter('"a;b;c;d",E-post,Namn\n')).toBe(',');
  });

  it('looks only at the header line, not at commas in the data', () => {
    expect(detectDelimiter('E-post;Taggar\na@b.se;x,y,z,w,v\n')).toBe(';');
  });

  it('prefers semicolon on a tie and defaults to comma for a single column', () => {
    expect(detectDelimiter('a;b,c\n')).toBe(';');
    expect(detectDelimiter('E-post\na@b.se\n')).toBe(',');
  });
});
