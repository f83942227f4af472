/** The router (placeholder). */
package dev.weft.http.router;
