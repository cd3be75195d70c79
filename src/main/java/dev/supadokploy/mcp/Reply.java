package dev.supadokploy.mcp;

/** Where the answer to an inbound request goes: a line of its own, or its batch's array ({@link BatchReply}). */
interface Reply {
    void send(Object answer);
}
