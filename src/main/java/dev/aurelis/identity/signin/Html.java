package dev.aurelis.identity.signin;

/** The few server-rendered sign-in pages, kept deliberately plain. */
final class Html {

    private Html() {
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Aurelis</title>
                <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1b1f24}
                h1{font-size:1.4rem}form{margin:1rem 0}label{display:block;margin:.5rem 0 .2rem}
                input{width:100%%;padding:.5rem;box-sizing:border-box}button,a.button{display:inline-block;margin-top:.8rem;
                padding:.5rem 1rem;border:1px solid #444;border-radius:4px;background:#f6f8fa;color:#1b1f24;text-decoration:none}
                .error{color:#b00020}.hint{color:#57606a;font-size:.9rem}code{font-size:1.1rem}</style></head>
                <body><h1>%s</h1>
                %s
                </body></html>
                """.formatted(escape(title), escape(title), body);
    }

    /**
     * A page for someone signed in (or part-way through signing in): the page with a sign-out control, so every
     * signed-in page can end the session.
     */
    static String signedInPage(String title, String body, org.springframework.security.web.csrf.CsrfToken csrf) {
        return page(title, body + "<form class=\"signout\" method=\"post\" action=\"/auth/logout\">" + csrfField(csrf)
                + "<button type=\"submit\">Sign out</button></form>");
    }

    static String csrfField(org.springframework.security.web.csrf.CsrfToken token) {
        return token == null ? "" : "<input type=\"hidden\" name=\"" + escape(token.getParameterName()) + "\" value=\""
                + escape(token.getToken()) + "\">";
    }
}
