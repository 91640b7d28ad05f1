// Entry point: dkfds styles, the backend for this environment, and the app.
import '../node_modules/dkfds/dist/css/dkfds.min.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { chooseBackend } from './lib/backend';

const target = document.getElementById('app');
if (target) mount(App, { target, props: { backend: chooseBackend() } });
