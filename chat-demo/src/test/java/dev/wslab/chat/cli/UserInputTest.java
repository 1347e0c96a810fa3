package dev.wslab.chat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wslab.chat.protocol.ClientCommand;
import org.junit.jupiter.api.Test;

class UserInputTest {

    @Test
    void slashCommandsBecomeChatCommands() {
        assertThat(UserInput.parse("/join lobby", "1")).isEqualTo(new UserInput.Send(new ClientCommand.Join("1", "lobby")));
        assertThat(UserInput.parse("  /exit lobby ", "2")).isEqualTo(new UserInput.Send(new ClientCommand.Exit("2", "lobby")));
        assertThat(UserInput.parse("/msg lobby hello there", "3"))
                .isEqualTo(new UserInput.Send(new ClientCommand.SendMessage("3", "lobby", "hello there")));
    }

    @Test
    void plainTextQuitHelpAndMistakes() {
        assertThat(UserInput.parse("hello", "1")).isEqualTo(new UserInput.Say("hello"));
        assertThat(UserInput.parse("   ", "1")).isEqualTo(new UserInput.Nothing());
        assertThat(UserInput.parse("/quit", "1")).isEqualTo(new UserInput.Quit());
        assertThat(UserInput.parse("/help", "1")).isEqualTo(new UserInput.Help());
        assertThat(UserInput.parse("/join", "1")).isEqualTo(new UserInput.Invalid("usage: /join ROOM"));
        assertThat(UserInput.parse("/msg lobby", "1")).isEqualTo(new UserInput.Invalid("usage: /msg ROOM TEXT"));
        assertThat(UserInput.parse("/dance", "1")).isInstanceOf(UserInput.Invalid.class);
    }
}
