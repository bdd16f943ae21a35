import { apiMutation, badJson, jsonBody } from "@/lib/api";
import { postComment } from "@/lib/mutations";

/** POST { articleId, parentId?, body } — the same write as the comment form, as JSON. */
export async function POST(request: Request) {
  const body = await jsonBody(request);
  if (!body) return badJson();
  return apiMutation(request, postComment, body, 201);
}
