/**
 * The list of every operation, read by both surfaces. Above the groups it lists, so that {@code ops/} (which the
 * groups extend) imports none of them.
 */
package dev.supadokploy.ops.catalog;
