import { apiMutation, badJson, jsonBody } from "@/lib/api";
import { deleteOwnComment, editOwnComment } from "@/lib/mutations";

type Params = { params: Promise<{ id: string }> };

/** PATCH { body } — edit your own comment within 15 minutes. */
export async function PATCH(request: Request, { params }: Params) {
  const body = await jsonBody(request);
  if (!body) return badJson();
  return apiMutation(request, editOwnComment, { ...body, commentId: (await params).id });
}

/** DELETE — soft-delete your own comment. */
export async function DELETE(request: Request, { params }: Params) {
  return apiMutation(request, deleteOwnComment, { commentId: (await params).id });
}
