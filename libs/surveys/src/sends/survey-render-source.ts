import { Clock } from '@app/common';
import { PURPOSE_VARIABLES, TemplateLanguage } from '@app/mail';
import { MeetingsRepository, meetingVariables } from '@app/meetings';
import { RenderError, RenderExtras, RenderRequest, SendCheck, SendingPorts } from '@app/sending';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Survey } from '../surveys/survey-types';
import { surveyClosed } from '../surveys/survey-types';
import { SurveysRepository } from '../surveys/surveys.repository';
import { SurveyLinks } from './survey-links';
import { SURVEY_SCOPE } from './survey-sends.service';

/** How long a looked-up survey is reused: a render runs per message, the survey rarely changes meanwhile. */
const CACHE_TTL_MS = 30_000;

interface SurveyContext {
  survey: Survey;
  /** The meeting variables in Swedish and English (empty strings for a survey without a meeting). */
  meeting: Record<TemplateLanguage, Record<string, string>>;
}

const MEETING_KEYS = Object.keys(PURPOSE_VARIABLES.survey).filter((k) => k.startsWith('meeting.'));

/** Without a mailing (a preview, a test send): each declared variable shows its description in brackets. */
function placeholders(): RenderExtras {
  return {
    variables: Object.fromEntries(
      Object.entries(PURPOSE_VARIABLES.survey).map(([name, description]) => [name, `[${description}]`]),
    ),
  };
}

/**
 * The render source of purpose `survey`: the survey's title in the message's language, the person's own link
 * (/s/TOKEN) and, for an evaluation, its meeting's variables. A message whose turn comes after the survey has
 * closed is withdrawn: a link to a closed survey is no use.
 */
@Injectable()
export class SurveyRenderSource implements OnModuleInit {
  private readonly cache = new Map<string, { expires: number; context: Promise<SurveyContext | null> }>();

  constructor(
    private readonly ports: SendingPorts,
    private readonly surveys: SurveysRepository,
    private readonly meetings: MeetingsRepository,
    private readonly links: SurveyLinks,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.ports.registerRenderSource({
      purpose: 'survey',
      extras: (request) => this.extras(request),
      withdrawal: (check) => this.withdrawal(check),
    });
  }

  async extras(request: RenderRequest): Promise<RenderExtras> {
    if (!request.scope || request.scope.type !== SURVEY_SCOPE) return placeholders();
    const context = await this.contextOf(request.scope.id);
    if (!context) throw new RenderError('Enkäten som utskicket gäller finns inte längre');
    const { survey } = context;
    const english = request.language === 'en' && survey.titleEn;
    return {
      variables: {
        'survey.title': english ? survey.titleEn : survey.titleSv,
        surveyUrl: this.links.url(survey.id, request.contactId),
        ...context.meeting[request.language],
      },
    };
  }

  async withdrawal(check: SendCheck): Promise<string | null> {
    if (check.scope.type !== SURVEY_SCOPE) return null;
    const survey = await this.surveys.find(check.scope.id);
    if (!survey) return 'Enkäten finns inte längre';
    return surveyClosed(survey, this.clock.now()) ? 'Enkäten är stängd' : null;
  }

  private contextOf(surveyId: string): Promise<SurveyContext | null> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(surveyId);
    if (hit && hit.expires > now) return hit.context;
    if (this.cache.size > 500) {
      for (const [key, entry] of this.cache) if (entry.expires <= now) this.cache.delete(key);
    }
    const context = this.load(surveyId);
    this.cache.set(surveyId, { expires: now + CACHE_TTL_MS, context });
    context.catch(() => this.cache.delete(surveyId));
    return context;
  }

  private async load(surveyId: string): Promise<SurveyContext | null> {
    const survey = await this.surveys.find(surveyId);
    if (!survey) return null;
    const empty = Object.fromEntries(MEETING_KEYS.map((k) => [k, '']));
    const meeting = survey.meetingId ? await this.meetings.find(survey.meetingId) : null;
    if (!meeting) return { survey, meeting: { sv: empty, en: empty } };
    const region = (await this.meetings.regionNames([meeting.regionId])).get(meeting.regionId)?.name ?? '';
    return {
      survey,
      meeting: { sv: meetingVariables(meeting, region, 'sv'), en: meetingVariables(meeting, region, 'en') },
    };
  }
}
