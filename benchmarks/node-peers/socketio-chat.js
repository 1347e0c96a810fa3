'use strict';
// The benchmark chat on socket.io 4.8 and Node.js alone: the seed's stack without its framework (NestJS,
// nest-chat.mjs beside this file), so the lightest form of the stack wslab's chat replaces.
//
// The same chat as the Java peers (NettyChatServer, UndertowNativeChatServer): `join` and `message` in, one
// `message` event broadcast to the room (the sender included), then the sender's `ok` with the message id.
// The events carry the same JSON objects as theirs, wrapped the socket.io way: 42["message",{...}].
//
// Started by the runner (NodePeer, ServerProcess): listens on 127.0.0.1 and a free port, prints "LISTENING <port>",
// and runs until its standard input closes or it gets SIGTERM.

const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Server } = require('socket.io');

const httpServer = http.createServer();
const io = new Server(httpServer, {
  // WebSocket only, as the cells measure it (socket.io's default starts on long polling and upgrades).
  transports: ['websocket'],
  serveClient: false,
  // socket.io's defaults, written out: no compression, 1 MB per message.
  perMessageDeflate: false,
  maxHttpBufferSize: 1e6,
});

let messageIds = 0;

io.on('connection', (socket) => {
  // A UUID like the wslab chat's account ids, so that every server sends events of the same size.
  const sender = { userId: randomUUID(), userName: String(socket.handshake.query.name || 'anonymous') };

  socket.on('join', (command) => {
    const room = String(command && command.room);
    socket.join(room);
    if (command && command.id !== undefined) {
      socket.emit('ok', { type: 'ok', id: command.id });
    }
  });

  socket.on('message', (command) => {
    const room = String(command && command.room);
    const id = command ? command.id : undefined;
    if (!socket.rooms.has(room)) {
      socket.emit('chatError', { type: 'error', id, code: 'not_joined', reason: 'join the room before sending to it' });
      return;
    }
    const messageId = String(++messageIds);
    // One broadcast: socket.io encodes the packet once and writes it to every member of the room.
    io.to(room).emit('message', {
      type: 'message', id: messageId, room, sender, message: String(command.message), ts: Date.now(),
    });
    socket.emit('ok', id === undefined ? { type: 'ok', messageId } : { type: 'ok', id, messageId });
  });
});

function stop() {
  io.close();
  process.exit(0);
}

httpServer.listen(0, '127.0.0.1', () => {
  process.stdout.write('LISTENING ' + httpServer.address().port + '\n');
});
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
