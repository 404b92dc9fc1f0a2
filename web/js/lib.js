/*
 * lib.js - the one place the UI imports its libraries from: preact, its
 * hooks and htm, copied from npm into vendor/ by scripts/build-web. Other
 * modules import html and the hooks from here. Not for application code.
 */
import { h, render, Fragment, createContext } from '../vendor/preact.mjs';
import {
	useState, useEffect, useRef, useMemo, useCallback, useContext, useLayoutEffect,
} from '../vendor/hooks.mjs';
import htm from '../vendor/htm.mjs';

export const html = htm.bind(h);
export {
	h, render, Fragment, createContext,
	useState, useEffect, useRef, useMemo, useCallback, useContext, useLayoutEffect,
};
