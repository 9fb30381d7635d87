// End-to-end tests start real pods; jest only honours a per-project time limit set from a setup
// file, so every e2e file gets five minutes unless it asks for another.
import { jest } from '@jest/globals';

jest.setTimeout(300_000);
