/** Operation (snake_case) and paginator names of the boto3 reference text. */
export function extractBoto3Names(text: string): { methods: string[]; paginators: string[] };
