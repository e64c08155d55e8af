import { ApiProperty } from '@nestjs/swagger';

/** How many of the mailing's recipients are in each status. */
export class RecipientCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() sending: number;
  @ApiProperty() sent: number;
  @ApiProperty() failed_temporary: number;
  @ApiProperty() failed_permanent: number;
  @ApiProperty() suppressed: number;
  @ApiProperty() uncertain: number;
  @ApiProperty({ description: 'Återkallade: inte skickade eftersom de inte längre gällde när det var dags' })
  withdrawn: number;
}
