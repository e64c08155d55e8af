/** The record signatures of the ZIP format (APPNOTE.TXT 4.3), for the reader and the writer alike. */
export const ZIP_SIGNATURES = {
  localHeader: 0x04034b50,
  dataDescriptor: 0x08074b50,
  centralHeader: 0x02014b50,
  endOfCentralDirectory: 0x06054b50,
  zip64EndLocator: 0x07064b50,
  zip64End: 0x06064b50,
} as const;
