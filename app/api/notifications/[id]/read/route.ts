import { apiMutation } from "@/lib/api";
import { markOneNotificationRead } from "@/lib/mutations";

type Params = { params: Promise<{ id: string }> };

/** Marks one notification read: sent by /notifications when its link is followed. */
export async function POST(request: Request, { params }: Params) {
  return apiMutation(request, markOneNotificationRead, { notificationId: (await params).id });
}
