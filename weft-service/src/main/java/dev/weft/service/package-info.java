/**
 * The request pipeline service behind {@code ./weft serve}: {@link dev.weft.service.Main} (flags, key commands,
 * signals), {@link dev.weft.service.Config}, {@link dev.weft.service.WeftService} (database, meters and the
 * pipeline as one {@code Service}) and {@link dev.weft.service.Serve} (weft-http's server and graceful
 * shutdown). See the module's README.md for the tour and the choice of each library.
 */
package dev.weft.service;
