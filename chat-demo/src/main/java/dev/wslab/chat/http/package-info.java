/**
 * Plain HTTP routes of the chat server: {@code POST /api/register}, {@code POST /api/login},
 * {@code GET /health}, and helpers other HTTP transports reuse ({@link dev.wslab.chat.http.JsonHttp},
 * {@link dev.wslab.chat.http.BearerAuthenticator}).
 */
package dev.wslab.chat.http;
