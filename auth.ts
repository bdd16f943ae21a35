import { randomUUID } from "node:crypto";
import path from "node:path";
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { transaction } from "@/db";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { verifyPassword } from "@/lib/auth/password";
import { clientIp, safeCallbackUrl } from "@/lib/auth/request";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { beginSignIn, signInSucceeded } from "@/lib/auth/throttle";
import { config as appConfig } from "@/lib/config";
import { databasePath, getDb } from "@/lib/db";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string; email: string; sessionVersion: number };
  }
}

const github = appConfig().github;
const githubEnabled = github !== null;

/** Checks an email and password. Shared by the sign-in form and Auth.js's own credentials endpoint. */
export async function authorizeCredentials(email: string, password: string, ip: string) {
  const db = getDb();
  // Counted here, so posting straight to /api/auth/callback/credentials cannot skip the limit.
  if (!(await beginSignIn(db, ip, email)).ok) return null;
  const user = await getUserByEmail(db, { email });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok) return null;
  await signInSucceeded(db, ip, email);
  return { id: String(user.id), name: user.name, email: user.email, sessionVersion: user.sessionVersion };
}

const config: NextAuthConfig = {
  trustHost: true,
  secret: ensureAuthSecret(path.dirname(path.resolve(databasePath()))),
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin" },
  logger: {
    // A wrong password is an everyday event, not a server error: no stack trace per attempt.
    error(error) {
      if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      authorize: async (credentials, request) => {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!email || !password || password.length > 200) return null;
        return authorizeCredentials(email, password, clientIp(request.headers));
      },
    }),
    // Given explicitly: Auth.js would otherwise read AUTH_GITHUB_ID/SECRET from the environment itself.
    ...(github ? [GitHub({ clientId: github.clientId, clientSecret: github.clientSecret })] : []),
  ],
  callbacks: {
    // Auth.js's own check accepts any string starting with "/" (it prefixes the origin, so it cannot
    // leave the site, but "/..//x" still lands on a path that other layers may read as a host). Every
    // redirect it makes goes through the same same-origin rule as ours.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(`${baseUrl}/`) ? url.slice(baseUrl.length) : url === baseUrl ? "/" : url;
      return `${baseUrl}${safeCallbackUrl(path)}`;
    },
    async signIn({ user, account }) {
      // OAuth: one account per verified email, created on first sign-in.
      if (account?.provider === "github") {
        if (!user.email) return false;
        const email = user.email;
        const row = await transaction(
          getDb(),
          async (tx) =>
            (await getUserByEmail(tx, { email })) ??
            (await createUser(tx, {
              email,
              name: user.name || email.split("@")[0] || "Reader",
              passwordHash: null,
            })),
        );
        if (!row) return false;
        user.id = String(row.id);
        (user as { sessionVersion?: number }).sessionVersion = row.sessionVersion;
      }
      return true;
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        // One random id per sign-in: names this session's offline store (lib/auth/session-token.ts
        // `offlinePartition`), so a later sign-in, even by the same reader, never reads it.
        token.sid = randomUUID();
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid ?? "");
      session.user.sessionVersion = Number(token.sv ?? 0);
      return session;
    },
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth(config);
export { githubEnabled };
