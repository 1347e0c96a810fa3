// The benchmark chat as a NestJS 12 gateway on socket.io 4.8 and Node.js: the framework stack of the seed's
// chat, which wslab's chat replaces (the seed's own handlers did more: accounts, presence lists; these do
// only what the benchmark's cells use). An HTTP application on Nest's default platform (Express), with the
// gateway on the same port, as a Nest application usually is.
//
// The same chat as socketio-chat.js and the Java peers: `join` and `message` in, one `message` event
// broadcast to the room (the sender included), then the sender's `ok` with the message id.
//
// Plain JavaScript: the decorators TypeScript would apply are called by hand below, in the same order.
// Started by the runner: listens on 127.0.0.1 and a free port, prints "LISTENING <port>", and runs until its
// standard input closes or it gets SIGTERM.

import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer,
} from '@nestjs/websockets';

class ChatGateway {
  messageIds = 0;

  handleConnection(socket) {
    // A UUID like the wslab chat's account ids, so that every server sends events of the same size.
    socket.data.sender = { userId: randomUUID(), userName: String(socket.handshake.query.name || 'anonymous') };
  }

  onJoin(command, socket) {
    const room = String(command && command.room);
    socket.join(room);
    if (command && command.id !== undefined) {
      socket.emit('ok', { type: 'ok', id: command.id });
    }
  }

  onMessage(command, socket) {
    const room = String(command && command.room);
    const id = command ? command.id : undefined;
    if (!socket.rooms.has(room)) {
      socket.emit('chatError', { type: 'error', id, code: 'not_joined', reason: 'join the room before sending to it' });
      return;
    }
    const messageId = String(++this.messageIds);
    // One broadcast: socket.io encodes the packet once and writes it to every member of the room.
    this.server.to(room).emit('message', {
      type: 'message', id: messageId, room, sender: socket.data.sender, message: String(command.message), ts: Date.now(),
    });
    socket.emit('ok', id === undefined ? { type: 'ok', messageId } : { type: 'ok', id, messageId });
  }
}

// @SubscribeMessage(event) handler(@MessageBody() command, @ConnectedSocket() socket)
function subscribe(event, method) {
  const descriptor = Object.getOwnPropertyDescriptor(ChatGateway.prototype, method);
  MessageBody()(ChatGateway.prototype, method, 0);
  ConnectedSocket()(ChatGateway.prototype, method, 1);
  SubscribeMessage(event)(ChatGateway.prototype, method, descriptor);
}
subscribe('join', 'onJoin');
subscribe('message', 'onMessage');
WebSocketServer()(ChatGateway.prototype, 'server');
// WebSocket only, as the cells measure it; socket.io's defaults otherwise (no compression).
WebSocketGateway({ transports: ['websocket'], serveClient: false })(ChatGateway);

class ChatModule {}
Module({ providers: [ChatGateway] })(ChatModule);

const app = await NestFactory.create(ChatModule, { logger: ['error', 'warn'] });
app.enableShutdownHooks();
await app.listen(0, '127.0.0.1');
process.stdout.write('LISTENING ' + app.getHttpServer().address().port + '\n');

async function stop() {
  await app.close();
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.resume();
