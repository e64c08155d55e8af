import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { Type } from 'class-transformer';
import { fieldProblems, swedishConstraintMessage, swedishValidationException } from './validation-messages';

class Inner {
  @IsString()
  @MaxLength(5)
  subject: string;
}

class Sample {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  limit?: number;

  @IsOptional()
  @IsIn(['a', 'b'], { message: 'kind måste vara en av: a, b' })
  kind?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsUUID('all', { each: true })
  ids?: string[];

  @IsOptional()
  @IsBoolean()
  flag?: boolean;

  @IsOptional()
  @MinLength(10)
  password?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Inner)
  sv?: Inner;
}

function problems(input: object): string[] {
  const errors = validateSync(plainToInstance(Sample, input), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return fieldProblems(errors).map((p) => p.message);
}

describe('Swedish validation messages', () => {
  it('names the field and says each class-validator default in Swedish', () => {
    expect(problems({ name: 'x'.repeat(201) })).toEqual(['name: högst 200 tecken']);
    expect(problems({ name: 5 })).toEqual(expect.arrayContaining(['name: måste vara text']));
    expect(problems({ name: '' })).toEqual(['name: får inte vara tomt']);
    expect(problems({ name: 'a', limit: 0 })).toEqual(['limit: får inte vara mindre än 1']);
    expect(problems({ name: 'a', limit: 11 })).toEqual(['limit: får inte vara större än 10']);
    expect(problems({ name: 'a', limit: 1.5 })).toEqual(['limit: måste vara ett heltal']);
    expect(problems({ name: 'a', flag: 'ja' })).toEqual(['flag: måste vara true eller false']);
    expect(problems({ name: 'a', password: 'kort' })).toEqual(['password: minst 10 tecken']);
    expect(problems({ name: 'a', ids: ['x'] })).toEqual(['ids: varje värde: måste vara ett UUID']);
    expect(problems({ name: 'a', ids: 'x' })).toEqual(expect.arrayContaining(['ids: måste vara en lista']));
    expect(problems({ name: 'a', extra: 1 })).toEqual(['extra: fältet finns inte och tas inte emot']);
  });

  it("keeps a DTO's own Swedish message without repeating the field name", () => {
    expect(problems({ name: 'a', kind: 'c' })).toEqual(['kind: måste vara en av: a, b']);
  });

  it('names nested fields by their path', () => {
    expect(problems({ name: 'a', sv: { subject: 'för lång' } })).toEqual(['sv.subject: högst 5 tecken']);
  });

  it('never passes English through, even for a constraint it does not know', () => {
    expect(swedishConstraintMessage('isHexColor', 'color must be a hexadecimal color')).toBe(
      'har ett ogiltigt värde',
    );
  });

  it('builds a 400 VALIDATION_FAILED with every problem', () => {
    const errors = validateSync(plainToInstance(Sample, { name: '', limit: 0 }));
    const ex = swedishValidationException(errors);
    expect(ex.code).toBe('VALIDATION_FAILED');
    expect(ex.message).toBe('name: får inte vara tomt; limit: får inte vara mindre än 1');
    expect(ex.details).toMatchObject({ fields: [{ field: 'name' }, { field: 'limit' }] });
  });
});
