// Entry point of the citizen window (citizen.html): its own bundle, none of the main window's
// views or backend; it can only listen (capabilities/citizen.json).
import './citizen.css';
import { mount } from 'svelte';
import Citizen from './Citizen.svelte';
import { TauriCitizenBackend } from './backend/tauri';
import { FakeCitizenBackend } from './backend/fake';

const inTauri = '__TAURI_INTERNALS__' in window;
const target = document.getElementById('citizen');
if (target) mount(Citizen, { target, props: { backend: inTauri ? new TauriCitizenBackend() : new FakeCitizenBackend() } });
