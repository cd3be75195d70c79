/** Option mixins that several commands share: a connection, a Dokploy server, two databases, a stack, a key. */
package dev.supadokploy.cli.options;
