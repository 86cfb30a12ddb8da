// Test vectors transcribed from the RFCs (kept apart from the tests that use them).
// RFC 4231 §4.2–4.8 (HMAC-SHA-256 / HMAC-SHA-512), RFC 5869 Appendix A (HKDF),
// RFC 6238 Appendix B (TOTP), RFC 4648 §10 (base32).

const rep = (byte: number, n: number) => Array.from({ length: n }, () => byte.toString(16).padStart(2, '0')).join('');
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => (from + i).toString(16).padStart(2, '0')).join('');
const ascii = (s: string) => Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('');

/** RFC 4231: key, data (hex), expected MACs; `truncate` bytes for test case 5. */
export const RFC4231 = [
  {
    name: 'Test Case 1',
    key: rep(0x0b, 20),
    data: ascii('Hi There'),
    sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    sha512:
      '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
  },
  {
    name: 'Test Case 2 (key shorter than the length of the HMAC output)',
    key: ascii('Jefe'),
    data: ascii('what do ya want for nothing?'),
    sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    sha512:
      '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
  },
  {
    name: 'Test Case 3 (combined length of key and data > 64 bytes)',
    key: rep(0xaa, 20),
    data: rep(0xdd, 50),
    sha256: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    sha512:
      'fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb',
  },
  {
    name: 'Test Case 4 (combined length of key and data > 64 bytes)',
    key: range(0x01, 0x19),
    data: rep(0xcd, 50),
    sha256: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    sha512:
      'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd',
  },
  {
    name: 'Test Case 5 (truncation to 128 bits)',
    key: rep(0x0c, 20),
    data: ascii('Test With Truncation'),
    truncate: 16,
    sha256: 'a3b6167473100ee06e0c796c2955552b',
    sha512: '415fad6271580a531d4179bc891d87a6',
  },
  {
    name: 'Test Case 6 (key larger than the block size)',
    key: rep(0xaa, 131),
    data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
    sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    sha512:
      '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
  },
  {
    name: 'Test Case 7 (key and data larger than the block size)',
    key: rep(0xaa, 131),
    data: ascii(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    sha256: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    sha512:
      'e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58',
  },
] as const;

/** RFC 5869 Appendix A: hash, IKM, salt (undefined = not provided), info, L, PRK, OKM. */
export const RFC5869 = [
  {
    name: 'A.1 basic test case with SHA-256',
    hash: 'SHA-256',
    ikm: rep(0x0b, 22),
    salt: range(0x00, 0x0c),
    info: range(0xf0, 0xf9),
    length: 42,
    prk: '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5',
    okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
  },
  {
    name: 'A.2 SHA-256 with longer inputs/outputs',
    hash: 'SHA-256',
    ikm: range(0x00, 0x4f),
    salt: range(0x60, 0xaf),
    info: range(0xb0, 0xff),
    length: 82,
    prk: '06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244',
    okm:
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
  },
  {
    name: 'A.3 SHA-256 with zero-length salt/info',
    hash: 'SHA-256',
    ikm: rep(0x0b, 22),
    salt: '',
    info: '',
    length: 42,
    prk: '19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04',
    okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
  },
  {
    name: 'A.4 basic test case with SHA-1',
    hash: 'SHA-1',
    ikm: rep(0x0b, 11),
    salt: range(0x00, 0x0c),
    info: range(0xf0, 0xf9),
    length: 42,
    prk: '9b6c18c432a7bf8f0e71c8eb88f4b30baa2ba243',
    okm: '085a01ea1b10f36933068b56efa5ad81a4f14b822f5b091568a9cdd4f155fda2c22e422478d305f3f896',
  },
  {
    name: 'A.7 SHA-1, salt not provided (defaults to HashLen zero octets), zero-length info',
    hash: 'SHA-1',
    ikm: rep(0x0c, 22),
    salt: undefined,
    info: '',
    length: 42,
    prk: '2adccada18779e7c2077ad2eb19d3f3e731385dd',
    okm: '2c91117204d745f3500d636a62f64f0ab3bae548aa53d423b0d1f27ebba6f5e5673a081d70cce7acfc48',
  },
] as const;

/** RFC 6238 Appendix B: the seeds (ASCII) and the 8-digit codes per time (Unix seconds). */
export const RFC6238_SEEDS = {
  'SHA-1': '12345678901234567890',
  'SHA-256': '12345678901234567890123456789012',
  'SHA-512': '1234567890123456789012345678901234567890123456789012345678901234',
} as const;

export const RFC6238 = [
  { time: 59, 'SHA-1': '94287082', 'SHA-256': '46119246', 'SHA-512': '90693936' },
  { time: 1111111109, 'SHA-1': '07081804', 'SHA-256': '68084774', 'SHA-512': '25091201' },
  { time: 1111111111, 'SHA-1': '14050471', 'SHA-256': '67062674', 'SHA-512': '99943326' },
  { time: 1234567890, 'SHA-1': '89005924', 'SHA-256': '91819424', 'SHA-512': '93441116' },
  { time: 2000000000, 'SHA-1': '69279037', 'SHA-256': '90698825', 'SHA-512': '38618901' },
  { time: 20000000000, 'SHA-1': '65353130', 'SHA-256': '77737706', 'SHA-512': '47863826' },
] as const;

/** RFC 4648 §10 base32 test vectors. */
export const RFC4648_BASE32 = [
  ['', ''],
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
] as const;
