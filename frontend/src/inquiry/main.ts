import { mountInquiryForm } from './inquiry-form';
import './inquiry.css';

const root = document.getElementById('inquiry-root');
if (!root) throw new Error('inquiry.html has no #inquiry-root element');
mountInquiryForm(root);
