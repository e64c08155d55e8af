import { ApiProperty } from '@nestjs/swagger';

export class RegionResponseDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '04' }) code: string;
  @ApiProperty({ example: 'D' }) letter: string;
  @ApiProperty({ example: 'Region Sörmland' }) name: string;
  @ApiProperty({ type: [String], example: ['Landstinget Sörmland'] }) formerNames: string[];
  @ApiProperty({ example: 'Nyköping' }) seat: string;
  @ApiProperty() inKultursamverkansmodellen: boolean;
}

export class RegionListDto {
  @ApiProperty({ type: [RegionResponseDto] }) items: RegionResponseDto[];
}
