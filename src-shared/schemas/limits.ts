// The limits on free-form JSON: what a monitor sends as it likes (custom_details, links, images) and what an event
// keeps of it (`customDetails`, `extra`). The door, the op schemas, the store and the repair of old rows all check
// against these numbers and define none of their own: a value one layer accepts is one every other layer can read.
export const JSON_LIMITS = {
  /**
   * How deep one free-form value may nest: `{}` and `[]` count 1, a scalar 0. Deeper is refused at the door (400)
   * and in a peer's op. Far below what would exhaust the stack of JSON.stringify (about 4,400 levels).
   */
  depth: 32,
  /**
   * How deep a whole document carrying free-form values may nest (a request body, an op's data): the free-form
   * depth plus room for the fields around it. Checked on the raw text before anything parses or walks it.
   */
  documentDepth: 40,
  /**
   * How deep an op's data may nest and still be stored as it came: what the sync protocol's frames allow (64 levels
   * for the whole frame). A peer's op between documentDepth and this is kept aside as it is, so its author's signed
   * hash chain still holds over it; only deeper data (which no frame carries) is replaced by a truncation marker.
   */
  storedOpDepth: 64,
  /**
   * UTF-8 bytes of one event's free-form JSON as stored (customDetails and extra together). Beyond it a value is
   * replaced by a truncation marker and the event is still accepted (a monitor's real alert must still page). At
   * the door a value is bounded by the body limit first (LIMITS.bodyBytes in events.ts, 512 KiB).
   */
  storedBytes: 64 * 1024,
  /** How much of the original JSON text a truncation marker keeps (UTF-16 code units). */
  previewChars: 2048,
} as const;
