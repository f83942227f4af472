/**
 * The service's HTTP plumbing over weft-http: the outer layers (observe, errors, deadline, task per request),
 * the route table, RFC 9457 problem responses and the shared Jackson mapper.
 */
package dev.weft.service.http;
