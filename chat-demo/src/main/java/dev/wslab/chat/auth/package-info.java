/**
 * Accounts and tokens: who may chat.
 *
 * <ul>
 *   <li>{@link dev.wslab.chat.auth.AccountService} registers and logs in users; passwords are stored
 *       only as Argon2id hashes ({@link dev.wslab.chat.auth.Argon2idPasswordHasher}, BouncyCastle);
 *       accounts live behind {@link dev.wslab.chat.auth.AccountStore}, in memory by default so the
 *       demo needs no database.</li>
 *   <li>{@link dev.wslab.chat.auth.TokenService} issues and verifies JWTs (HS256 via
 *       {@code com.auth0:java-jwt}) with {@code sub}, {@code name}, {@code iss}, {@code aud},
 *       {@code exp}; every way a token can be wrong has its own explanation.</li>
 *   <li>{@link dev.wslab.chat.auth.TokenLocator} finds a token in an upgrade request
 *       ({@code Sec-WebSocket-Protocol: wslab.chat.v1, bearer.<jwt>}, {@code Authorization: Bearer},
 *       or {@code ?token=} only when enabled); {@link dev.wslab.chat.auth.Redactor} keeps tokens out
 *       of logs.</li>
 * </ul>
 */
package dev.wslab.chat.auth;
