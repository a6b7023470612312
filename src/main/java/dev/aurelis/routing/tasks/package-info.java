/** Recognising the task a request asks for (review, security, documentation…) from its instructions. */
package dev.aurelis.routing.tasks;
