/**
 * Where the chat keeps what must outlive a connection: accounts and recent room history. One node
 * uses {@link dev.wslab.chat.storage.EmbeddedDatabase} (H2 in a file under {@code --data-dir}, or in
 * memory); the interfaces are {@link dev.wslab.chat.auth.AccountStore} and
 * {@link dev.wslab.chat.storage.RoomHistory}.
 */
package dev.wslab.chat.storage;
