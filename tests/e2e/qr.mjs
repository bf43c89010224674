// QR helpers shared by the Get paid specs (paid, reminders).

/** A static QRIS published in a merchant's integration guide (tags 26 and 51, CRC 7127). */
export const QRIS = '00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127';

/** CRC-16/CCITT-FALSE, written again here so the test does not trust the app's own. */
export function crc16(text) {
  let crc = 0xffff;
  for (const ch of Buffer.from(text, 'utf8')) {
    crc ^= ch << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** The static QRIS above with the amount: point of initiation 12, tag 54 after tag 53, new CRC. */
export function qrisWith(amount) {
  const body = QRIS.slice(0, -8).replace('010211', '010212')
    .replace('5303360', `5303360540${String(amount).length}${amount}`);
  return body + '6304' + crc16(body + '6304');
}
