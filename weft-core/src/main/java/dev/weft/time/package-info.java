/**
 * Time: sleeps, timeouts and intervals driven by the runtime's timing wheel, plus a clock that tests can pause
 * and advance.
 */
package dev.weft.time;
