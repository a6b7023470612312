/** The built-in price table of common models, used when the configuration names no price. */
package dev.aurelis.spend.prices;
