import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sweden's 21 regions (shared/data/regions.csv). Reference data changes go through new migrations. */
export const REGIONS_SEED = [
  {
    code: '01',
    letter: 'AB',
    name: 'Region Stockholm',
    formerNames: ['Stockholms läns landsting'],
    seat: 'Stockholm',
    inKultursamverkansmodellen: false,
  },
  {
    code: '03',
    letter: 'C',
    name: 'Region Uppsala',
    formerNames: ['Landstinget i Uppsala län'],
    seat: 'Uppsala',
    inKultursamverkansmodellen: true,
  },
  {
    code: '04',
    letter: 'D',
    name: 'Region Sörmland',
    formerNames: ['Landstinget Sörmland'],
    seat: 'Nyköping',
    inKultursamverkansmodellen: true,
  },
  {
    code: '05',
    letter: 'E',
    name: 'Region Östergötland',
    formerNames: [],
    seat: 'Linköping',
    inKultursamverkansmodellen: true,
  },
  {
    code: '06',
    letter: 'F',
    name: 'Region Jönköpings län',
    formerNames: [],
    seat: 'Jönköping',
    inKultursamverkansmodellen: true,
  },
  {
    code: '07',
    letter: 'G',
    name: 'Region Kronoberg',
    formerNames: [],
    seat: 'Växjö',
    inKultursamverkansmodellen: true,
  },
  {
    code: '08',
    letter: 'H',
    name: 'Region Kalmar län',
    formerNames: ['Landstinget i Kalmar län'],
    seat: 'Kalmar',
    inKultursamverkansmodellen: true,
  },
  {
    code: '09',
    letter: 'I',
    name: 'Region Gotland',
    formerNames: [],
    seat: 'Visby',
    inKultursamverkansmodellen: true,
  },
  {
    code: '10',
    letter: 'K',
    name: 'Region Blekinge',
    formerNames: ['Landstinget Blekinge'],
    seat: 'Karlskrona',
    inKultursamverkansmodellen: true,
  },
  {
    code: '12',
    letter: 'M',
    name: 'Region Skåne',
    formerNames: [],
    seat: 'Malmö',
    inKultursamverkansmodellen: true,
  },
  {
    code: '13',
    letter: 'N',
    name: 'Region Halland',
    formerNames: [],
    seat: 'Halmstad',
    inKultursamverkansmodellen: true,
  },
  {
    code: '14',
    letter: 'O',
    name: 'Västra Götalandsregionen',
    formerNames: [],
    seat: 'Göteborg',
    inKultursamverkansmodellen: true,
  },
  {
    code: '17',
    letter: 'S',
    name: 'Region Värmland',
    formerNames: ['Landstinget i Värmland'],
    seat: 'Karlstad',
    inKultursamverkansmodellen: true,
  },
  {
    code: '18',
    letter: 'T',
    name: 'Region Örebro län',
    formerNames: [],
    seat: 'Örebro',
    inKultursamverkansmodellen: true,
  },
  {
    code: '19',
    letter: 'U',
    name: 'Region Västmanland',
    formerNames: ['Landstinget Västmanland'],
    seat: 'Västerås',
    inKultursamverkansmodellen: true,
  },
  {
    code: '20',
    letter: 'W',
    name: 'Region Dalarna',
    formerNames: ['Landstinget Dalarna'],
    seat: 'Falun',
    inKultursamverkansmodellen: true,
  },
  {
    code: '21',
    letter: 'X',
    name: 'Region Gävleborg',
    formerNames: [],
    seat: 'Gävle',
    inKultursamverkansmodellen: true,
  },
  {
    code: '22',
    letter: 'Y',
    name: 'Region Västernorrland',
    formerNames: ['Landstinget Västernorrland'],
    seat: 'Härnösand',
    inKultursamverkansmodellen: true,
  },
  {
    code: '23',
    letter: 'Z',
    name: 'Region Jämtland Härjedalen',
    formerNames: [],
    seat: 'Östersund',
    inKultursamverkansmodellen: true,
  },
  {
    code: '24',
    letter: 'AC',
    name: 'Region Västerbotten',
    formerNames: ['Västerbottens läns landsting'],
    seat: 'Umeå',
    inKultursamverkansmodellen: true,
  },
  {
    code: '25',
    letter: 'BD',
    name: 'Region Norrbotten',
    formerNames: ['Norrbottens läns landsting'],
    seat: 'Luleå',
    inKultursamverkansmodellen: true,
  },
] as const;

export class SeedRegions1764230400001 implements MigrationInterface {
  name = 'SeedRegions1764230400001';

  async up(q: QueryRunner): Promise<void> {
    for (const r of REGIONS_SEED) {
      await q.query(
        `INSERT INTO regions (code, letter, name, former_names, seat, in_kultursamverkansmodellen)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
        [r.code, r.letter, r.name, [...r.formerNames], r.seat, r.inKultursamverkansmodellen],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM regions`);
  }
}
