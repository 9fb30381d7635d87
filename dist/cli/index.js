#!/usr/bin/env node
import { cli } from '../shakedown.js';

process.exitCode = await cli(process.argv.slice(2));
