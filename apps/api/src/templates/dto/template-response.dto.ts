import { MESSAGE_PURPOSES, MessagePurpose } from '@app/mail';
import { ApiProperty } from '@nestjs/swagger';
import { TemplateSourceDto } from './template.dto';

export class TemplateSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Satt för de inbyggda mallarna' })
  builtInKey: string | null;
  @ApiProperty({ enum: MESSAGE_PURPOSES }) purpose: MessagePurpose;
  @ApiProperty() archived: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) currentVersionId: string | null;
  @ApiProperty({ type: Number, nullable: true }) currentVersionNumber: number | null;
  @ApiProperty({
    enum: ['sv', 'en'],
    isArray: true,
    description: 'Den aktuella versionens språk: alltid svenska, engelska när den finns',
  })
  languages: ('sv' | 'en')[];
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class TemplateVersionViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) templateId: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: TemplateSourceDto }) sv: TemplateSourceDto;
  @ApiProperty({ type: TemplateSourceDto, nullable: true }) en: TemplateSourceDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class TemplateVersionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class TemplateDetailDto extends TemplateSummaryDto {
  @ApiProperty({ type: TemplateVersionViewDto, nullable: true })
  currentVersion: TemplateVersionViewDto | null;
  @ApiProperty({ type: [TemplateVersionSummaryDto] }) versions: TemplateVersionSummaryDto[];
}

export class TemplateVariableDto {
  @ApiProperty({ example: 'firstName' }) name: string;
  @ApiProperty({ example: 'Mottagarens förnamn' }) description: string;
}

export class TemplateHelperDto {
  @ApiProperty({ example: 'default' }) name: string;
  @ApiProperty({ example: '{{default firstName "du"}}' }) example: string;
}

export class TemplateVariablesDto {
  @ApiProperty({ enum: MESSAGE_PURPOSES }) purpose: MessagePurpose;
  @ApiProperty({ type: [TemplateVariableDto] }) variables: TemplateVariableDto[];
  @ApiProperty({ type: [TemplateHelperDto] }) helpers: TemplateHelperDto[];
}

export class RenderedMessageDto {
  @ApiProperty({ enum: ['sv', 'en'], description: 'Språket som användes' }) language: 'sv' | 'en';
  @ApiProperty() subject: string;
  @ApiProperty() html: string;
  @ApiProperty() text: string;
}

export class TemplateProblemDto {
  @ApiProperty({ enum: ['subject', 'body'], description: 'Ämnesraden eller innehållet (MJML)' })
  part: 'subject' | 'body';
  @ApiProperty({ enum: ['sv', 'en'] }) language: 'sv' | 'en';
  @ApiProperty({ type: Number, nullable: true, description: 'Raden (från 1), om felet har en' })
  line: number | null;
  @ApiProperty({ example: 'Okänd variabel "fornamn"' }) message: string;
}

export class TemplateDraftPreviewDto {
  @ApiProperty({ type: [TemplateProblemDto], description: 'Fel med radnummer; tom när texten går att visa' })
  problems: TemplateProblemDto[];
  @ApiProperty({
    type: RenderedMessageDto,
    nullable: true,
    description: 'Brevet med exempeldata; null när texten har fel',
  })
  message: RenderedMessageDto | null;
}

export class TemplateTestSendResultDto {
  @ApiProperty({ description: 'Message-ID utan vinkelparenteser' }) messageId: string;
  @ApiProperty({ description: 'Serverns svar (eller utkorgens)' }) response: string;
  @ApiProperty({ example: '[TEST] Nytt från förbundet' }) subject: string;
  @ApiProperty({ example: 'jag@forbundet.se' }) to: string;
  @ApiProperty({
    enum: ['smtp', 'outbox'],
    description:
      'smtp: skickat via e-postservern; outbox: ingen e-postserver är inställd, brevet finns i utkorgen',
  })
  transport: 'smtp' | 'outbox';
}
