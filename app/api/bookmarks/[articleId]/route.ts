import { apiMutation } from "@/lib/api";
import { toggleBookmark } from "@/lib/mutations";

type Params = { params: Promise<{ articleId: string }> };

/** PUT saves the story to your reading list; DELETE removes it. Both are idempotent. */
export async function PUT(request: Request, { params }: Params) {
  return apiMutation(request, toggleBookmark, { articleId: (await params).articleId, saved: true });
}

export async function DELETE(request: Request, { params }: Params) {
  return apiMutation(request, toggleBookmark, { articleId: (await params).articleId, saved: false });
}
