/**
 * Tower's model on Weft: {@link dev.weft.http.service.Service} (readiness plus call),
 * {@link dev.weft.http.service.Layer} (middleware) and {@link dev.weft.http.service.ServiceBuilder}.
 */
package dev.weft.http.service;
