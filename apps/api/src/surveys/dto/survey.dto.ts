import { IsSingleLine } from '@app/common';
import {
  QUESTION_KINDS,
  QuestionKind,
  SURVEY_KINDS,
  SURVEY_LIMITS,
  SURVEY_SEND_STATUSES,
  SURVEY_STATUSES,
  SurveyKind,
  SurveySendStatus,
  SurveyStatus,
} from '@app/surveys';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MailingProgressDto } from '../../outreach/dto/outreach.dto';

export class ChoiceInputDto {
  @ApiProperty({ example: 'Mycket bra' })
  @IsString({ message: 'sv: skriv svarsalternativet på svenska' })
  @IsNotEmpty({ message: 'sv: skriv svarsalternativet på svenska' })
  @MaxLength(SURVEY_LIMITS.choiceText, { message: `sv: högst ${SURVEY_LIMITS.choiceText} tecken` })
  @IsSingleLine()
  sv: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Very good' })
  @IsOptional()
  @IsString()
  @MaxLength(SURVEY_LIMITS.choiceText, { message: `en: högst ${SURVEY_LIMITS.choiceText} tecken` })
  @IsSingleLine()
  en?: string | null;
}

export class QuestionInputDto {
  @ApiProperty({
    enum: QUESTION_KINDS,
    description: 'rating: betyg 1–5; single: ett val; multiple: flera val; text: fritext',
  })
  @IsIn(QUESTION_KINDS, { message: `kind: välj en av ${QUESTION_KINDS.join(', ')}` })
  kind: QuestionKind;

  @ApiPropertyOptional({ default: false, description: 'Måste besvaras' })
  @IsOptional()
  @IsBoolean({ message: 'required: sant eller falskt' })
  required?: boolean;

  @ApiProperty({ example: 'Hur nöjd är du med mötet?' })
  @IsString({ message: 'textSv: skriv frågan på svenska' })
  @IsNotEmpty({ message: 'textSv: skriv frågan på svenska' })
  @MaxLength(SURVEY_LIMITS.questionText, { message: `textSv: högst ${SURVEY_LIMITS.questionText} tecken` })
  @IsSingleLine()
  textSv: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'How satisfied are you with the meeting?' })
  @IsOptional()
  @IsString()
  @MaxLength(SURVEY_LIMITS.questionText, { message: `textEn: högst ${SURVEY_LIMITS.questionText} tecken` })
  @IsSingleLine()
  textEn?: string | null;

  @ApiPropertyOptional({
    type: [ChoiceInputDto],
    description: 'Svarsalternativen (ett eller flera val): minst två',
  })
  @IsOptional()
  @IsArray({ message: 'choices: en lista med svarsalternativ' })
  @ArrayMaxSize(SURVEY_LIMITS.choices, { message: `choices: högst ${SURVEY_LIMITS.choices} svarsalternativ` })
  @ValidateNested({ each: true })
  @Type(() => ChoiceInputDto)
  choices?: ChoiceInputDto[];
}

export class UpdateSurveyDto {
  @ApiPropertyOptional({ example: 'Utvärdering av dialogmötet' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'titleSv: ge enkäten ett namn på svenska' })
  @MaxLength(SURVEY_LIMITS.title, { message: `titleSv: högst ${SURVEY_LIMITS.title} tecken` })
  @IsSingleLine()
  titleSv?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Evaluation of the dialogue meeting' })
  @IsOptional()
  @IsString()
  @MaxLength(SURVEY_LIMITS.title, { message: `titleEn: högst ${SURVEY_LIMITS.title} tecken` })
  @IsSingleLine()
  titleEn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Inledande text på svenska' })
  @IsOptional()
  @IsString()
  @MaxLength(SURVEY_LIMITS.intro, { message: `introSv: högst ${SURVEY_LIMITS.intro} tecken` })
  introSv?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(SURVEY_LIMITS.intro, { message: `introEn: högst ${SURVEY_LIMITS.intro} tecken` })
  introEn?: string | null;

  @ApiPropertyOptional({ description: 'Anonym: svaren sparas utan koppling till personen' })
  @IsOptional()
  @IsBoolean({ message: 'anonymous: sant eller falskt' })
  anonymous?: boolean;

  @ApiPropertyOptional({
    type: [QuestionInputDto],
    description: 'Frågorna i ordning; kan bara ändras så länge ingen har svarat',
  })
  @IsOptional()
  @IsArray({ message: 'questions: en lista med frågor' })
  @ArrayMaxSize(SURVEY_LIMITS.questions, { message: `questions: högst ${SURVEY_LIMITS.questions} frågor` })
  @ValidateNested({ each: true })
  @Type(() => QuestionInputDto)
  questions?: QuestionInputDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2027-04-01T00:00:00+02:00',
    description: 'När enkäten stänger (ISO 8601 med tidszon); null: tills personalen stänger den',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsSingleLine()
  closesAt?: string | null;
}

export class CreateSurveyDto extends UpdateSurveyDto {
  @ApiProperty({
    enum: SURVEY_KINDS,
    description: 'evaluation: utvärdering av ett möte; member: medlemsenkät',
  })
  @IsIn(SURVEY_KINDS, { message: `kind: välj en av ${SURVEY_KINDS.join(', ')}` })
  kind: SurveyKind;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Mötet (utvärdering)' })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId måste vara ett UUID' })
  meetingId?: string | null;

  @ApiProperty({ example: 'Utvärdering av dialogmötet' })
  @IsString({ message: 'titleSv: ge enkäten ett namn på svenska' })
  @IsNotEmpty({ message: 'titleSv: ge enkäten ett namn på svenska' })
  @MaxLength(SURVEY_LIMITS.title, { message: `titleSv: högst ${SURVEY_LIMITS.title} tecken` })
  @IsSingleLine()
  declare titleSv: string;
}

export class SurveyListQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bara mötets utvärderingar' })
  @IsOptional()
  @IsUUID('all', { message: 'meetingId måste vara ett UUID' })
  meetingId?: string;

  @ApiPropertyOptional({ enum: SURVEY_KINDS })
  @IsOptional()
  @IsIn(SURVEY_KINDS, { message: `kind: välj en av ${SURVEY_KINDS.join(', ')}` })
  kind?: SurveyKind;
}

export class SurveyAudienceDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Medlemsenkät: listor' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'listIds: varje lista anges med sitt UUID' })
  listIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Medlemsenkät: segment' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'segmentIds: varje segment anges med sitt UUID' })
  segmentIds?: string[];
}

export class SendSurveyDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'En mall för enkäter; standard: den inbyggda "enkat"' })
  @IsOptional()
  @IsUUID('all', { message: 'templateId måste vara ett UUID' })
  templateId?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Ersätter mallens ämnesrad' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsSingleLine()
  subject?: string | null;

  @ApiProperty({ example: 'Förbundets kansli' })
  @IsString({ message: 'fromName: ange avsändarens namn' })
  @IsNotEmpty({ message: 'fromName: ange avsändarens namn' })
  @MaxLength(200)
  @IsSingleLine()
  fromName: string;

  @ApiProperty({ example: 'kansli@forbundet.se' })
  @IsString({ message: 'fromAddress: ange avsändarens e-postadress' })
  @MaxLength(254)
  fromAddress: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  replyTo?: string | null;

  @ApiPropertyOptional({
    type: SurveyAudienceDto,
    description: 'Medlemsenkät: listor och segment. En utvärdering går alltid till dem som var på mötet.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SurveyAudienceDto)
  audience?: SurveyAudienceDto;
}

// ── answers ───────────────────────────────────────────────────────────────────────────────────────────

class WordingDto {
  @ApiProperty() sv: string;
  @ApiProperty({ type: String, nullable: true }) en: string | null;
}

class SurveyQuestionDto {
  @ApiProperty({ example: 'q1', description: 'Formulärets fältnamn och svarens nyckel' }) id: string;
  @ApiProperty({ enum: QUESTION_KINDS }) kind: QuestionKind;
  @ApiProperty() required: boolean;
  @ApiProperty({ type: WordingDto }) text: WordingDto;
  @ApiProperty({ type: [WordingDto], description: 'Svarsalternativen, numrerade från 1 i svaren' })
  choices: WordingDto[];
}

class SurveyAudienceViewDto {
  @ApiPropertyOptional({ type: [String] }) listIds?: string[];
  @ApiPropertyOptional({ type: [String] }) segmentIds?: string[];
}

export class SurveyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SURVEY_KINDS }) kind: SurveyKind;
  @ApiProperty() kindLabel: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty() titleSv: string;
  @ApiProperty({ type: String, nullable: true }) titleEn: string | null;
  @ApiProperty({ type: String, nullable: true }) introSv: string | null;
  @ApiProperty({ type: String, nullable: true }) introEn: string | null;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ type: [SurveyQuestionDto] }) questions: SurveyQuestionDto[];
  @ApiProperty({
    enum: SURVEY_STATUSES,
    description: 'draft: inte skickad; open: tar emot svar; closed: stängd',
  })
  status: SurveyStatus;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closesAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: Date | null;
  @ApiProperty({ description: 'Antal som har svarat' }) responses: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) templateId: string | null;
  @ApiProperty({ type: String, nullable: true }) fromName: string | null;
  @ApiProperty({ type: String, nullable: true }) fromAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) replyTo: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ type: SurveyAudienceViewDto, nullable: true }) audience: SurveyAudienceViewDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mailingId: string | null;
  @ApiProperty({ enum: [...SURVEY_SEND_STATUSES, null], type: String, nullable: true })
  sendStatus: SurveySendStatus | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class SurveyListDto {
  @ApiProperty({ type: [SurveyDto] }) items: SurveyDto[];
}

export class SurveySendProgressDto {
  @ApiProperty({
    enum: [...SURVEY_SEND_STATUSES, null],
    type: String,
    nullable: true,
    description: 'null: inte skickad',
  })
  sendStatus: SurveySendStatus | null;
  @ApiProperty({ type: MailingProgressDto, nullable: true }) progress: MailingProgressDto | null;
}

class DistributionRowDto {
  @ApiProperty({ description: 'Betyget (1–5) eller svarsalternativets nummer' }) value: number;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

class QuestionResultDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: QUESTION_KINDS }) kind: QuestionKind;
  @ApiProperty() text: string;
  @ApiProperty() required: boolean;
  @ApiProperty({ description: 'Antal som besvarade frågan' }) answered: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Betyg: medelvärdet (två decimaler)' })
  average: number | null;
  @ApiProperty({ type: [DistributionRowDto] }) distribution: DistributionRowDto[];
  @ApiProperty({ type: [String], description: 'Fritext: svaren' }) texts: string[];
}

class SurveyResultsSurveyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SURVEY_KINDS }) kind: SurveyKind;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ enum: SURVEY_STATUSES }) status: SurveyStatus;
}

export class SurveyResultsDto {
  @ApiProperty({ type: SurveyResultsSurveyDto }) survey: SurveyResultsSurveyDto;
  @ApiProperty({ type: Number, nullable: true, description: 'Skickade brev; null innan enkäten skickats' })
  sent: number | null;
  @ApiProperty({ description: 'Antal som har svarat' }) answered: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Svarande / skickade (0–1)' })
  responseRate: number | null;
  @ApiProperty({ type: [QuestionResultDto] }) questions: QuestionResultDto[];
}
