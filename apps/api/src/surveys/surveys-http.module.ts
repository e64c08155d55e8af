import { SurveysModule } from '@app/surveys';
import { Module } from '@nestjs/common';
import { SurveysController } from './surveys.controller';

@Module({ imports: [SurveysModule], controllers: [SurveysController] })
export class SurveysHttpModule {}
