/** What a public link may do. A token made for one purpose is refused for every other. */
export enum TokenPurpose {
  Unsubscribe = 1,
  ViewInBrowser = 2,
  Rsvp = 3,
  Survey = 4,
  HostResponse = 5,
  /** The links of a test send: they show their page, and change nothing. */
  TestUnsubscribe = 6,
  /** A row token in a message's Reply-To (svar+TOKEN@REPLY_DOMAIN). */
  Reply = 7,
  /** A row token in a message's envelope sender (studs+TOKEN@REPLY_DOMAIN), where bounces go. */
  Bounce = 8,
}
