package dev.wslab.chat.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wslab.chat.ChatServer;
import dev.wslab.chat.protocol.ServerEvent;
import dev.wslab.chat.support.Accounts;
import dev.wslab.chat.support.JdkChatClient;
import dev.wslab.chat.support.RawClient;
import dev.wslab.chat.support.TestServers;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-node chat stopped and started again on the same data directory: accounts and room history
 * are still there, tokens of accounts that were deleted or re-created meanwhile are refused, and a
 * directory that cannot be used (another server has it, another schema version) stops the start with
 * a message that says why.
 */
class RestartTest {

    @TempDir
    Path dataDir;

    private ChatServer start() {
        return TestServers.start(TestServers.config().dataDir(dataDir.toString()).historySize(5));
    }

    @Test
    void accountsAndHistorySurviveARestart() {
        String adaToken;
        String lastIdBefore;
        try (ChatServer server = start()) {
            adaToken = Accounts.registerAndLogin(server, "ada");
            Accounts.registerAndLogin(server, "bob");
            try (JdkChatClient ada = JdkChatClient.connectWithSubprotocol(server.chatUri(), adaToken)) {
                ada.joinAndWait("lobby");
                // Seven messages with history 5: a joiner after the restart gets the last five.
                for (int i = 1; i <= 7; i++) {
                    ada.message("lobby", "before restart " + i, "m" + i);
                    assertThat(ada.reply("m" + i)).isInstanceOf(ServerEvent.Ok.class);
                }
                lastIdBefore = ((ServerEvent.Ok) ada.awaitEver(ServerEvent.Ok.class, ok -> "m7".equals(ok.id()))).messageId();
            }
        }

        try (ChatServer server = start()) {
            // The accounts: the password still logs in, the name is still taken (in any case),
            // and a token from before the restart still works (same secret, same account).
            String bobToken = Accounts.login(server, "bob");
            assertThat(Accounts.post(server, "/api/register", Accounts.credentials("ADA", "password-x")).status()).isEqualTo(409);
            try (JdkChatClient bob = JdkChatClient.connectWithSubprotocol(server.chatUri(), bobToken);
                 JdkChatClient ada = JdkChatClient.connectWithSubprotocol(server.chatUri(), adaToken)) {
                bob.join("lobby", "j");
                // The history comes after the room's members and before the ok.
                ServerEvent.History history = bob.await(ServerEvent.History.class, h -> h.room().equals("lobby"));
                assertThat(history.messages()).extracting(ServerEvent.Message::message)
                        .containsExactly("before restart 3", "before restart 4", "before restart 5",
                                "before restart 6", "before restart 7");
                assertThat(history.messages()).extracting(m -> m.sender().userName()).containsOnly("ada");
                assertThat(bob.reply("j")).isInstanceOf(ServerEvent.Ok.class);
                // One join, in this order: members, history, ok.
                List<String> kinds = bob.drainAll().stream().map(e -> e.getClass().getSimpleName())
                        .filter(k -> k.equals("Members") || k.equals("History") || k.equals("Ok")).toList();
                assertThat(kinds).startsWith("Members", "History", "Ok");
                assertThat(bob.drainAll().stream().filter(e -> e instanceof ServerEvent.History).count()).isEqualTo(1);

                // Message ids continue after the stored ones instead of starting again at 1.
                ada.joinAndWait("lobby");
                ada.message("lobby", "after restart", "a1");
                String idAfter = ((ServerEvent.Ok) ada.reply("a1")).messageId();
                assertThat(Long.parseLong(idAfter)).isGreaterThan(Long.parseLong(lastIdBefore));
                bob.await(ServerEvent.Message.class, m -> m.message().equals("after restart"));
            }
        }
    }

    @Test
    void tokensOfDeletedOrRecreatedAccountsAreRefusedAfterARestart() {
        String deletedToken;
        String recreatedOldToken;
        try (ChatServer server = start()) {
            deletedToken = Accounts.registerAndLogin(server, "dora");
            recreatedOldToken = Accounts.registerAndLogin(server, "carl");
            String stillCarl = Accounts.login(server, "carl");
            assertThat(Accounts.delete(server, "/api/account", deletedToken).status()).isEqualTo(204);
            assertThat(Accounts.delete(server, "/api/account", stillCarl).status()).isEqualTo(204);
            // Refused at once, on this server.
            assertRefused(server, deletedToken);
            // "carl" is registered again: a new account under the old name.
            Accounts.registerAndLogin(server, "Carl");
        }
        try (ChatServer server = start()) {
            assertRefused(server, deletedToken);
            assertRefused(server, recreatedOldToken);
            assertThat(Accounts.delete(server, "/api/account", deletedToken).status()).isEqualTo(401);
            // The re-created account itself works, with a fresh token.
            String fresh = Accounts.login(server, "carl".replace('c', 'C'));
            try (JdkChatClient carl = JdkChatClient.connectWithSubprotocol(server.chatUri(), fresh)) {
                carl.joinAndWait("lobby");
            }
        }
    }

    @Test
    void asecondServerOnTheSameDirectoryIsRefusedWithAClearMessage() {
        try (ChatServer first = start()) {
            assertThatThrownBy(this::start)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("in use by another wslab chat server");
        }
    }

    @Test
    void anotherSchemaVersionIsRefusedWithAClearMessage() throws Exception {
        start().close(); // creates the schema
        try (var connection = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("wslab"), "wslab", "");
             Statement s = connection.createStatement()) {
            s.executeUpdate("UPDATE wslab_schema SET version = 99");
        }
        assertThatThrownBy(this::start)
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 99")
                .hasMessageContaining("reads version " + EmbeddedDatabase.SCHEMA_VERSION);
    }

    /** The upgrade is answered 401 with the reason, before any 101. */
    private static void assertRefused(ChatServer server, String token) {
        try (RawClient client = RawClient.connect(server.port())) {
            client.write(RawClient.upgradeRequest("/ws", server.port(), "Authorization: Bearer " + token));
            String response = client.readToEnd();
            assertThat(response).startsWith("HTTP/1.1 401 ").contains("no longer exists");
        }
    }

}
